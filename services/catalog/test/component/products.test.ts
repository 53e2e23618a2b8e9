import { aCustomer, anAdmin, aNewProduct, givenCategory, givenProduct, startCatalog, uniqueWord, type CatalogUnderTest } from './catalog-under-test';

let catalog: CatalogUnderTest;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog.stop();
});

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('creating products', () => {
  it('when an admin creates a product, then it is 201 with defaults filled in and GET returns it', async () => {
    const category = await givenCategory(catalog);
    const body = aNewProduct(category.id);

    const created = await catalog.call('POST', '/products', { as: anAdmin(), body });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...body,
      id: expect.any(String),
      currency: 'USD',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await catalog.call('GET', `/products/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('when the sku is already used (in any case), then the second product is refused with 409', async () => {
    const category = await givenCategory(catalog);
    const first = await givenProduct(catalog, category.id);

    const duplicate = await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { sku: first.sku.toLowerCase() }) });

    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when the category does not exist, then the product is refused with 422', async () => {
    const created = await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(UNKNOWN_ID) });

    expect(created.status).toBe(422);
  });

  it('when the currency is not USD, then the product is refused with 422', async () => {
    const category = await givenCategory(catalog);

    const created = await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { currency: 'EUR' }) });

    expect(created.status).toBe(422);
  });

  it('when the body breaks the rules, then it is 400 problem+json listing each bad field', async () => {
    const category = await givenCategory(catalog);

    const created = await catalog.call('POST', '/products', {
      as: anAdmin(),
      body: aNewProduct(category.id, { priceCents: 0, name: '' }),
    });

    expect(created.status).toBe(400);
    expect(created.headers.get('content-type')).toContain('application/problem+json');
    expect(created.body).toMatchObject({ status: 400, type: expect.stringContaining('validation') });
    expect(created.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['name', 'priceCents']);
  });

  it('when a customer creates a product, then it is 403 and nothing is created', async () => {
    const category = await givenCategory(catalog);
    const body = aNewProduct(category.id, { name: uniqueWord() });

    const created = await catalog.call('POST', '/products', { as: aCustomer(), body });

    expect(created.status).toBe(403);
    const search = await catalog.call('GET', `/products?q=${body.name}`);
    expect(search.body.total).toBe(0);
  });

  it('when an anonymous caller writes products, then every write is 401', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const answers = await Promise.all([
      catalog.call('POST', '/products', { body: aNewProduct(category.id) }),
      catalog.call('PATCH', `/products/${product.id}`, { body: { priceCents: 1 } }),
      catalog.call('DELETE', `/products/${product.id}`),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
  });
});

describe('reading products', () => {
  it('when the id is unknown or not a uuid, then it is 404 problem+json, never 500', async () => {
    const answers = await Promise.all(
      [UNKNOWN_ID, 'not-a-uuid', "1'%20or%20'1'='1", '123'].map((id) => catalog.call('GET', `/products/${id}`)),
    );

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect(answers[0]?.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('changing products', () => {
  it('when an admin patches the price, then only the price changes and updatedAt moves on', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const patched = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { priceCents: 2500 } });

    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...product, priceCents: 2500, updatedAt: expect.any(String) });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));
    const read = await catalog.call('GET', `/products/${product.id}`);
    expect(read.body.priceCents).toBe(2500);
  });

  it('when the patch is empty, then it is 400', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const patched = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: {} });

    expect(patched.status).toBe(400);
  });

  it('when the patch takes the sku of another product, then it is 409 and the product is unchanged', async () => {
    const category = await givenCategory(catalog);
    const [taken, product] = [await givenProduct(catalog, category.id), await givenProduct(catalog, category.id)];

    const patched = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { sku: taken.sku } });

    expect(patched.status).toBe(409);
    const read = await catalog.call('GET', `/products/${product.id}`);
    expect(read.body.sku).toBe(product.sku);
  });

  it('when the patch moves the product to an unknown category or currency, then it is 422', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const toUnknownCategory = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { categoryId: UNKNOWN_ID } });
    const toEuro = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { currency: 'EUR' } });

    expect(toUnknownCategory.status).toBe(422);
    expect(toEuro.status).toBe(422);
  });

  it('when a customer patches or deletes a product, then it is 403 and the product is unchanged', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const patched = await catalog.call('PATCH', `/products/${product.id}`, { as: aCustomer(), body: { priceCents: 1 } });
    const deleted = await catalog.call('DELETE', `/products/${product.id}`, { as: aCustomer() });

    expect([patched.status, deleted.status]).toEqual([403, 403]);
    const read = await catalog.call('GET', `/products/${product.id}`);
    expect(read.body.priceCents).toBe(product.priceCents);
  });

  it('when an unknown product is patched or deleted, then it is 404', async () => {
    const patched = await catalog.call('PATCH', `/products/${UNKNOWN_ID}`, { as: anAdmin(), body: { priceCents: 1 } });
    const deleted = await catalog.call('DELETE', '/products/not-a-uuid', { as: anAdmin() });

    expect([patched.status, deleted.status]).toEqual([404, 404]);
  });
});

describe('deleting products', () => {
  it('when an admin deletes a product, then it is 204, GET is 404 and search no longer finds it', async () => {
    const category = await givenCategory(catalog);
    const word = uniqueWord();
    const product = await givenProduct(catalog, category.id, { name: `Lamp ${word}` });

    const deleted = await catalog.call('DELETE', `/products/${product.id}`, { as: anAdmin() });

    expect(deleted.status).toBe(204);
    expect((await catalog.call('GET', `/products/${product.id}`)).status).toBe(404);
    const search = await catalog.call('GET', `/products?q=${word}`);
    expect(search.body).toMatchObject({ items: [], total: 0 });
  });

  it('when a product is deleted twice, then the second delete is 404', async () => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);
    await catalog.call('DELETE', `/products/${product.id}`, { as: anAdmin() });

    const again = await catalog.call('DELETE', `/products/${product.id}`, { as: anAdmin() });

    expect(again.status).toBe(404);
  });

  it("when a product is deleted, then its sku can be given to a new product", async () => {
    const category = await givenCategory(catalog);
    const old = await givenProduct(catalog, category.id);
    await catalog.call('DELETE', `/products/${old.id}`, { as: anAdmin() });

    const reused = await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { sku: old.sku }) });

    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(old.id);
  });
});
