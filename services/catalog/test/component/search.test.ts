import { givenCategory, givenProduct, startCatalog, uniqueWord, type CatalogUnderTest } from './catalog-under-test';

let catalog: CatalogUnderTest;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog.stop();
});

const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

describe('searching products', () => {
  it('when the words are prefixes in another case, then the product is found', async () => {
    const word = uniqueWord();
    const category = await givenCategory(catalog);
    const mug = await givenProduct(catalog, category.id, { name: `Blue Mug ${word}` });
    await givenProduct(catalog, category.id, { name: `Blue Plate ${word}` });

    const found = await catalog.call('GET', `/products?q=${encodeURIComponent(`BLU mu ${word.slice(0, 6).toUpperCase()}`)}`);

    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    expect(idsOf(found.body.items)).toEqual([mug.id]);
  });

  it('when the words appear in the description or the sku, then the product is found', async () => {
    const category = await givenCategory(catalog);
    const [inDescription, inSku] = [uniqueWord(), uniqueWord()];
    const described = await givenProduct(catalog, category.id, { description: `Hand-thrown ${inDescription} stoneware` });
    const skued = await givenProduct(catalog, category.id, { sku: `MUG-${inSku.toUpperCase()}-01` });

    const byDescription = await catalog.call('GET', `/products?q=${inDescription}`);
    const bySku = await catalog.call('GET', `/products?q=${inSku}`);

    expect(idsOf(byDescription.body.items)).toEqual([described.id]);
    expect(idsOf(bySku.body.items)).toEqual([skued.id]);
  });

  it('when a word matches the name of one product and the description of another, then the name match ranks first', async () => {
    const word = uniqueWord();
    const category = await givenCategory(catalog);
    const described = await givenProduct(catalog, category.id, { name: `Aaa plain ${uniqueWord()}`, description: `goes well with ${word}` });
    const named = await givenProduct(catalog, category.id, { name: `Zzz ${word}` });

    const found = await catalog.call('GET', `/products?q=${word}`);

    expect(idsOf(found.body.items)).toEqual([named.id, described.id]);
  });

  it('when the query holds tsquery operators or quotes, then they are ignored instead of failing', async () => {
    const word = uniqueWord();
    const category = await givenCategory(catalog);
    const product = await givenProduct(catalog, category.id, { name: `Kettle ${word}` });

    const found = await catalog.call('GET', `/products?q=${encodeURIComponent(`!(${word}:* | ') & <-> \\`)}`);

    expect(found.status).toBe(200);
    expect(idsOf(found.body.items)).toEqual([product.id]);
  });

  it('when searching by category, then products of its sub-categories are included and others are not', async () => {
    const kitchen = await givenCategory(catalog);
    const mugs = await givenCategory(catalog, { parentId: kitchen.id });
    const garden = await givenCategory(catalog);
    const inKitchen = await givenProduct(catalog, kitchen.id);
    const inMugs = await givenProduct(catalog, mugs.id);
    await givenProduct(catalog, garden.id);

    const found = await catalog.call('GET', `/products?categoryId=${kitchen.id}`);
    const onlyMugs = await catalog.call('GET', `/products?categoryId=${mugs.id}`);

    expect(found.body.total).toBe(2);
    expect(idsOf(found.body.items).sort()).toEqual([inKitchen.id, inMugs.id].sort());
    expect(idsOf(onlyMugs.body.items)).toEqual([inMugs.id]);
  });

  it('when the matches span several pages, then each page holds pageSize items in name order and total counts them all', async () => {
    const word = uniqueWord();
    const category = await givenCategory(catalog);
    const products = [];
    for (const name of ['Cup', 'Apron', 'Bowl', 'Dish', 'Eggcup']) {
      products.push(await givenProduct(catalog, category.id, { name: `${name} ${word}` }));
    }
    const byName = [...products].sort((a, b) => a.name.localeCompare(b.name));

    const first = await catalog.call('GET', `/products?q=${word}&categoryId=${category.id}&page=1&pageSize=2`);
    const third = await catalog.call('GET', `/products?q=${word}&categoryId=${category.id}&page=3&pageSize=2`);
    const beyond = await catalog.call('GET', `/products?q=${word}&categoryId=${category.id}&page=4&pageSize=2`);

    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(idsOf(first.body.items)).toEqual(idsOf(byName.slice(0, 2)));
    expect(idsOf(third.body.items)).toEqual(idsOf(byName.slice(4)));
    expect(beyond.body).toMatchObject({ items: [], total: 5 });
  });

  it('when text and category are combined, then only products matching both are found', async () => {
    const word = uniqueWord();
    const [mugs, plates] = [await givenCategory(catalog), await givenCategory(catalog)];
    const mug = await givenProduct(catalog, mugs.id, { name: `Mug ${word}` });
    await givenProduct(catalog, plates.id, { name: `Plate ${word}` });

    const found = await catalog.call('GET', `/products?q=${word}&categoryId=${mugs.id}`);

    expect(idsOf(found.body.items)).toEqual([mug.id]);
    expect(found.body.total).toBe(1);
  });

  it.each(['pageSize=0', 'pageSize=101', 'page=0', 'page=x', 'categoryId=kitchen'])(
    'when the search has %s, then it is 400',
    async (query) => {
      const found = await catalog.call('GET', `/products?${query}`);

      expect(found.status).toBe(400);
    },
  );
});
