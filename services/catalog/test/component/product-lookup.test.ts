import { randomUUID } from 'node:crypto';
import { MAX_LOOKUP_IDS } from '../../src/domain/look-up-products';
import { anAdmin, givenCategory, givenProduct, startCatalog, type CatalogUnderTest } from './catalog-under-test';

/** The internal batch lookup as cart, order and inventory call it through invocation: no caller identity. */
let catalog: CatalogUnderTest;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog.stop();
});

const lookUp = (body: unknown) => catalog.call('POST', '/product-lookup', { body });

describe('POST /product-lookup', () => {
  it('when every id names a product, then 200 answers them all, as GET /products/:id shows them, and nothing is missing', async () => {
    const category = await givenCategory(catalog);
    const mug = await givenProduct(catalog, category.id, { priceCents: 1299 });
    const cup = await givenProduct(catalog, category.id, { priceCents: 450 });

    const lookup = await lookUp({ ids: [cup.id, mug.id] });

    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ products: [cup, mug], missing: [] });
    expect((await catalog.call('GET', `/products/${mug.id}`)).body).toEqual(mug);
  });

  it('when some ids name no product (never created, or deleted), then still 200, with those ids under missing', async () => {
    const category = await givenCategory(catalog);
    const kept = await givenProduct(catalog, category.id);
    const deleted = await givenProduct(catalog, category.id);
    await catalog.call('DELETE', `/products/${deleted.id}`, { as: anAdmin() });
    const madeUp = randomUUID();

    const lookup = await lookUp({ ids: [madeUp, kept.id, deleted.id] });

    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ products: [kept], missing: [madeUp, deleted.id] });
  });

  it('when an id is repeated or in upper case, then its product is answered once under its canonical id', async () => {
    const category = await givenCategory(catalog);
    const mug = await givenProduct(catalog, category.id);

    const lookup = await lookUp({ ids: [mug.id.toUpperCase(), mug.id] });

    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ products: [mug], missing: [] });
  });

  it(`when more than ${MAX_LOOKUP_IDS} ids are named, then 413 problem+json says the limit and to split the lookup`, async () => {
    const ids = Array.from({ length: MAX_LOOKUP_IDS + 1 }, () => randomUUID());

    const lookup = await lookUp({ ids });

    expect(lookup.status).toBe(413);
    expect(lookup.headers.get('content-type')).toContain('application/problem+json');
    expect(lookup.body).toMatchObject({
      status: 413,
      type: 'https://shop.local/problems/payload-too-large',
      detail: `a lookup names at most ${MAX_LOOKUP_IDS} distinct product ids (this one named ${MAX_LOOKUP_IDS + 1}); split it into several lookups`,
    });
  });

  it(`when exactly ${MAX_LOOKUP_IDS} ids are named, then they are answered`, async () => {
    const ids = Array.from({ length: MAX_LOOKUP_IDS }, () => randomUUID());

    const lookup = await lookUp({ ids });

    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ products: [], missing: ids });
  });

  it.each([
    ['an id that is not a uuid', { ids: [randomUUID(), 'not-a-uuid'] }, 'ids.1'],
    ['an id that is not a string', { ids: [42] }, 'ids.0'],
    ['an empty list', { ids: [] }, 'ids'],
    ['no list', { id: randomUUID() }, 'ids'],
  ])('when the body has %s, then 400 problem+json names the bad field', async (_, body, path) => {
    const lookup = await lookUp(body);

    expect(lookup.status).toBe(400);
    expect(lookup.headers.get('content-type')).toContain('application/problem+json');
    expect(lookup.body).toMatchObject({ status: 400, type: 'https://shop.local/problems/validation' });
    expect(lookup.body.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });
});
