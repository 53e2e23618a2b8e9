import { createDatabase, UNSTORABLE_TEXT_MESSAGE, type Knex } from '@shop/service-kit';
import { componentDatabaseUrl, IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { aNewProduct, anAdmin, givenCategory, givenProduct, startCatalog, uniqueWord, type Answer, type CatalogUnderTest } from './catalog-under-test';

/** Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the edge, never a 500. */
let catalog: CatalogUnderTest;
let db: Knex;

beforeAll(async () => {
  catalog = await startCatalog();
  db = createDatabase(componentDatabaseUrl('catalog'), { min: 0, max: 2 });
});

afterAll(async () => {
  await db.destroy();
  await catalog.stop();
});

const UNSTORABLE = [
  ['a NUL character', '\u0000'],
  ['a lone surrogate', '\uD800'],
] as const;

function expectRefused(answer: Answer, field: string): void {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status: 400, errors: [{ path: field, message: UNSTORABLE_TEXT_MESSAGE }] });
}

describe('text Postgres cannot store', () => {
  test.each(UNSTORABLE)('when a new product\'s name, description or sku holds %s, then 400 problem+json names the field and nothing is stored', async (_case, text) => {
    const category = await givenCategory(catalog);
    const sku = `SKU-${uniqueWord('').toUpperCase()}`;

    const answers = [
      await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { sku, name: `Mug ${text}` }) }),
      await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { sku, description: `Holds tea ${text}` }) }),
      await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(category.id, { sku: `${sku}${text}` }) }),
    ];

    answers.forEach((answer, i) => expectRefused(answer, ['name', 'description', 'sku'][i]!));
    expect(await db('products').where({ category_id: category.id })).toEqual([]);
  });

  test.each(UNSTORABLE)('when a product change holds %s, then 400 and the product is unchanged', async (_case, text) => {
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id);

    const answer = await catalog.call('PATCH', `/products/${product.id}`, { as: anAdmin(), body: { name: `Renamed ${text}` } });

    expectRefused(answer, 'name');
    expect((await catalog.call('GET', `/products/${product.id}`)).body).toMatchObject({ name: product.name });
  });

  test.each(UNSTORABLE)('when a new category\'s name holds %s, then 400 and no category is stored', async (_case, text) => {
    const name = uniqueWord('category');

    const answer = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: `${name}${text}` } });

    expectRefused(answer, 'name');
    expect(await db('categories').whereRaw('name like ?', [`${name}%`])).toEqual([]);
  });

  test('when the search query holds NUL, then 400 names q (percent-decoding never yields a lone surrogate)', async () => {
    const answer = await catalog.call('GET', '/products?q=mug%00');

    expectRefused(answer, 'q');
  });
});

describe('product and category ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the id is %s, then reading, changing and deleting the product answer 404 problem+json', async (_case, id) => {
    const answers = [
      await catalog.call('GET', `/products/${id}`),
      await catalog.call('PATCH', `/products/${id}`, { as: anAdmin(), body: { name: 'Renamed' } }),
      await catalog.call('DELETE', `/products/${id}`, { as: anAdmin() }),
      await catalog.call('GET', `/categories/${id}`),
    ];

    expect(answers.map((answer) => [answer.status, answer.headers.get('content-type')?.split(';')[0]])).toEqual(
      Array.from({ length: 4 }, () => [404, 'application/problem+json']),
    );
  });
});
