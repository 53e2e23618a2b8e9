import { randomUUID } from 'node:crypto';
import { EventContracts, findContractsDirectory } from '@shop/service-kit';
import { aCustomer, anAdmin, givenStock, outboxRows, reserve, startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test';

let inventory: InventoryUnderTest;
const contracts = new EventContracts(findContractsDirectory());

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory.stop();
});

describe('PUT and GET /inventory/:productId', () => {
  test('when an admin sets the stock of a new product, then 200 returns it and a GET reads the same', async () => {
    const productId = await inventory.catalog.givenProduct();

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 12, lowStockThreshold: 3 } });

    expect(put.status).toBe(200);
    expect(put.body).toEqual({ productId, onHand: 12, reserved: 0, available: 12, lowStockThreshold: 3 });
    const get = await inventory.call('GET', `/inventory/${productId}`);
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);
  });

  test('when no threshold is given for a new product, then the default threshold of 5 applies', async () => {
    const productId = await inventory.catalog.givenProduct();

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 8 } });

    expect(put.body).toMatchObject({ onHand: 8, lowStockThreshold: 5 });
  });

  test('when an admin sets the stock again without a threshold, then on hand changes and the threshold is kept', async () => {
    const productId = await givenStock(inventory, { onHand: 4, lowStockThreshold: 2 });

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 40 } });

    expect(put.status).toBe(200);
    expect(await stockOf(inventory, productId)).toEqual({ productId, onHand: 40, reserved: 0, available: 40, lowStockThreshold: 2 });
  });

  test('when an admin sets stock for an id the catalog does not know, then 404 problem+json says so and nothing is stored', async () => {
    const productId = randomUUID();

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 12, lowStockThreshold: 3 } });

    expect(put.status).toBe(404);
    expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(put.body).toMatchObject({
      status: 404,
      type: 'https://shop.local/problems/not-found',
      detail: `product ${productId} is not in the catalog: stock can only be set for a product the catalog sells`,
    });
    expect(await inventory.db('stock').where({ product_id: productId })).toHaveLength(0);
    expect(await outboxRows(inventory, 'inventory.low_stock', productId)).toHaveLength(0);
  });

  test('when the product was deleted from the catalog before it was ever stocked, then setting its stock is 404', async () => {
    const productId = await inventory.catalog.givenProduct();
    await inventory.catalog.deleteProduct(productId);

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 7 } });

    expect(put.status).toBe(404);
    expect(await inventory.db('stock').where({ product_id: productId })).toHaveLength(0);
  });

  test('when a stocked product has since left the catalog, then its stock can still be recounted (the catalog is not asked again)', async () => {
    const productId = await givenStock(inventory, { onHand: 4, lowStockThreshold: 0 });
    await inventory.catalog.deleteProduct(productId);

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 0 } });

    expect(put.status).toBe(200);
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 0, available: 0 });
  });

  test('when the catalog cannot be reached, then 502 problem+json and nothing is stored', async () => {
    // The component environment's shared sidecar resolves no app called catalog.
    const cutOff = await startInventory({ DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT! }, { catalog: inventory.catalog });
    const productId = await inventory.catalog.givenProduct();

    try {
      const put = await cutOff.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 5 } });

      expect(put.status).toBe(502);
      expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(put.body).toMatchObject({ status: 502, type: 'https://shop.local/problems/bad-gateway', detail: expect.stringContaining('catalog answered') });
      expect(await inventory.db('stock').where({ product_id: productId })).toHaveLength(0);
    } finally {
      await cutOff.stop();
    }
  });

  test('when a product has never been stocked, then GET answers all zeros', async () => {
    const productId = randomUUID();

    const get = await inventory.call('GET', `/inventory/${productId}`);

    expect(get.status).toBe(200);
    expect(get.body).toEqual({ productId, onHand: 0, reserved: 0, available: 0, lowStockThreshold: 0 });
  });

  test('when the product id is not a uuid, then GET and PUT answer 404 problem+json', async () => {
    const get = await inventory.call('GET', '/inventory/not-a-uuid');
    const put = await inventory.call('PUT', '/inventory/not-a-uuid', { as: anAdmin(), body: { onHand: 1 } });

    expect(get.status).toBe(404);
    expect(get.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(put.status).toBe(404);
  });

  test('when a customer sets stock, then 403 and nothing is stored', async () => {
    const productId = randomUUID();

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: aCustomer(), body: { onHand: 5 } });

    expect(put.status).toBe(403);
    expect(put.body).toMatchObject({ status: 403, type: 'https://shop.local/problems/forbidden' });
    expect(await inventory.db('stock').where({ product_id: productId })).toHaveLength(0);
  });

  test('when an anonymous caller sets stock, then 401', async () => {
    const put = await inventory.call('PUT', `/inventory/${randomUUID()}`, { body: { onHand: 5 } });

    expect(put.status).toBe(401);
  });

  test.each([
    ['a negative onHand', { onHand: -1 }],
    ['a fractional onHand', { onHand: 1.5 }],
    ['no onHand', { lowStockThreshold: 2 }],
    ['a negative threshold', { onHand: 3, lowStockThreshold: -2 }],
    ['onHand as a string', { onHand: '3' }],
  ])('when the body has %s, then 400 problem+json names the field', async (_case, body) => {
    const put = await inventory.call('PUT', `/inventory/${randomUUID()}`, { as: anAdmin(), body });

    expect(put.status).toBe(400);
    expect(put.body.errors.length).toBeGreaterThan(0);
  });

  test('when onHand would drop below what is reserved, then 409 and the stock is unchanged', async () => {
    const productId = await givenStock(inventory, { onHand: 10 });
    await reserve(inventory, [{ productId, quantity: 6 }]);

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 5 } });

    expect(put.status).toBe(409);
    expect(put.body).toMatchObject({ status: 409, type: 'https://shop.local/problems/conflict' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 6, available: 4 });
  });

  test('when onHand is set to exactly what is reserved, then it is accepted with nothing available', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    await reserve(inventory, [{ productId, quantity: 6 }]);

    const put = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 6 } });

    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ onHand: 6, reserved: 6, available: 0 });
  });

  test('when an admin lowers the stock below the threshold, then one contract-valid inventory.low_stock waits in the outbox', async () => {
    const productId = await givenStock(inventory, { onHand: 20, lowStockThreshold: 5 });

    await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 3 } });
    await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand: 2 } });

    const rows = await outboxRows(inventory, 'inventory.low_stock', productId);
    expect(rows.map((row) => row.event.data)).toEqual([{ productId, available: 3, threshold: 5 }]);
    expect(() => contracts.assertValid('inventory.low_stock', rows[0].event.data)).not.toThrow();
  });
});
