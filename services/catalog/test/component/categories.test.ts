import { aCustomer, anAdmin, givenCategory, startCatalog, uniqueWord, type CatalogUnderTest } from './catalog-under-test';

let catalog: CatalogUnderTest;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog.stop();
});

describe('categories', () => {
  it('when an admin creates a root category, then it is created and can be read back without a parent', async () => {
    const name = uniqueWord('Kitchen');

    const created = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name } });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name });
    const read = await catalog.call('GET', `/categories/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('when an admin creates a sub-category, then it carries its parent id', async () => {
    const parent = await givenCategory(catalog);

    const created = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: 'Mugs', parentId: parent.id } });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Mugs', parentId: parent.id });
  });

  it('when a sibling already has the same name in another case, then the new category is refused with 409', async () => {
    const parent = await givenCategory(catalog);
    await givenCategory(catalog, { name: 'Teapots', parentId: parent.id });

    const duplicate = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: 'TEAPOTS', parentId: parent.id } });

    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when two root categories differ only in case, then the second is refused with 409', async () => {
    const root = await givenCategory(catalog);

    const duplicate = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: root.name.toUpperCase() } });

    expect(duplicate.status).toBe(409);
  });

  it('when the same name is used under different parents, then both are created', async () => {
    const [kitchen, garden] = [await givenCategory(catalog), await givenCategory(catalog)];
    await givenCategory(catalog, { name: 'Accessories', parentId: kitchen.id });

    const second = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: 'Accessories', parentId: garden.id } });

    expect(second.status).toBe(201);
  });

  it('when the parent does not exist, then the category is refused with 422', async () => {
    const created = await catalog.call('POST', '/categories', {
      as: anAdmin(),
      body: { name: uniqueWord(), parentId: '00000000-0000-4000-8000-000000000000' },
    });

    expect(created.status).toBe(422);
  });

  it('when the name is empty, then the category is refused with 400 naming the field', async () => {
    const created = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: '' } });

    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('when a customer or an anonymous caller creates a category, then they get 403 and 401', async () => {
    const body = { name: uniqueWord() };

    const asCustomer = await catalog.call('POST', '/categories', { as: aCustomer(), body });
    const anonymous = await catalog.call('POST', '/categories', { body });

    expect(asCustomer.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });

  it('when anyone lists categories a page at a time, then pages hold pageSize items and the total counts them all', async () => {
    await givenCategory(catalog);
    await givenCategory(catalog);

    const first = await catalog.call('GET', '/categories?page=1&pageSize=1');
    const second = await catalog.call('GET', '/categories?page=2&pageSize=1');

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 1, items: [expect.any(Object)] });
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('when categories are listed, then they are ordered by name', async () => {
    const listed = await catalog.call('GET', '/categories?pageSize=100');

    const names: string[] = listed.body.items.map((category: { name: string }) => category.name);
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('when pageSize is over 100, then the list is refused with 400', async () => {
    const listed = await catalog.call('GET', '/categories?pageSize=101');

    expect(listed.status).toBe(400);
  });

  it('when the category id is unknown or not a uuid, then it is 404', async () => {
    const unknown = await catalog.call('GET', '/categories/00000000-0000-4000-8000-000000000000');
    const malformed = await catalog.call('GET', '/categories/not-a-uuid');

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });
});
