import type { RouterMiddleware } from '@koa/router';
import { categoryNotFound, newCategorySchema } from '../domain/category';
import { createCategory } from '../domain/create-category';
import { createProduct } from '../domain/create-product';
import { deleteProduct } from '../domain/delete-product';
import { getCategory } from '../domain/get-category';
import { getProduct } from '../domain/get-product';
import { listCategories } from '../domain/list-categories';
import { lookUpProducts, productLookupSchema } from '../domain/look-up-products';
import { entityIdParam, pageRequestSchema } from '@shop/service-kit';
import type { CategoryRepository, ProductCache, ProductRepository, WarningLog } from '../domain/ports';
import { newProductSchema, productNotFound, productPatchSchema } from '../domain/product';
import { productSearchSchema, searchProducts } from '../domain/search-products';
import { updateProduct } from '../domain/update-product';

export interface CatalogDeps {
  categories: CategoryRepository;
  products: ProductRepository;
  cache: ProductCache;
  log: WarningLog;
}

type Handler = RouterMiddleware;

const productIdOf = (raw: string | undefined) => entityIdParam(raw, productNotFound);

export function catalogHandlers(deps: CatalogDeps) {
  return {
    listCategories: async (ctx) => {
      ctx.body = await listCategories(pageRequestSchema.parse(ctx.query), deps);
    },
    getCategory: async (ctx) => {
      ctx.body = await getCategory(entityIdParam(ctx.params.id, categoryNotFound), deps);
    },
    createCategory: async (ctx) => {
      const body = newCategorySchema.parse(ctx.request.body);
      ctx.status = 201;
      ctx.body = await createCategory(body, deps);
    },
    searchProducts: async (ctx) => {
      ctx.body = await searchProducts(productSearchSchema.parse(ctx.query), deps);
    },
    getProduct: async (ctx) => {
      const { product, cache } = await getProduct(productIdOf(ctx.params.id), deps);
      ctx.set('x-cache', cache);
      ctx.body = product;
    },
    lookUpProducts: async (ctx) => {
      ctx.body = await lookUpProducts(productLookupSchema.parse(ctx.request.body), deps);
    },
    createProduct: async (ctx) => {
      const body = newProductSchema.parse(ctx.request.body);
      ctx.status = 201;
      ctx.body = await createProduct(body, deps);
    },
    updateProduct: async (ctx) => {
      ctx.body = await updateProduct(productIdOf(ctx.params.id), productPatchSchema.parse(ctx.request.body), deps);
    },
    deleteProduct: async (ctx) => {
      await deleteProduct(productIdOf(ctx.params.id), deps);
      ctx.status = 204;
    },
  } satisfies Record<string, Handler>;
}
