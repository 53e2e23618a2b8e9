import Router from '@koa/router';
import { requireRole } from '@shop/service-kit';
import { catalogHandlers, type CatalogDeps } from './handlers';

/**
 * Served without the /api/v1 prefix: the gateway invokes `catalog` with method `products/…` or `categories/…`.
 * `/product-lookup` lies outside every public area, so the gateway never routes it (its sidecar may not call it
 * either): it is for the services that price or stock products, through invocation.
 */
export function catalogRoutes(deps: CatalogDeps): Router {
  const handle = catalogHandlers(deps);
  const router = new Router();
  const adminOnly = requireRole('admin');
  router.get('/categories', handle.listCategories);
  router.get('/categories/:id', handle.getCategory);
  router.post('/categories', adminOnly, handle.createCategory);
  router.get('/products', handle.searchProducts);
  router.get('/products/:id', handle.getProduct);
  router.post('/products', adminOnly, handle.createProduct);
  router.patch('/products/:id', adminOnly, handle.updateProduct);
  router.delete('/products/:id', adminOnly, handle.deleteProduct);
  router.post('/product-lookup', handle.lookUpProducts);
  return router;
}
