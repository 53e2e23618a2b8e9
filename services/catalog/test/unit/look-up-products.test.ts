import { lookUpProducts, MAX_LOOKUP_IDS, productLookupSchema } from '../../src/domain/look-up-products';
import { aProduct, FakeProductRepository } from './fake-ports';

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('looking up products by id (POST /product-lookup)', () => {
  it('when some ids name products and some do not, then both are answered, in the order asked, in one read', async () => {
    const mug = aProduct({ id: idOf(1), sku: 'MUG' });
    const cup = aProduct({ id: idOf(2), sku: 'CUP' });
    const products = new FakeProductRepository([mug, cup]);

    const lookup = await lookUpProducts({ ids: [idOf(2), idOf(9), idOf(1), idOf(8)] }, { products });

    expect(lookup).toEqual({ products: [cup, mug], missing: [idOf(9), idOf(8)] });
    expect(products.reads).toBe(1);
  });

  it('when an id is named twice or in upper case, then it is answered once, in canonical form', async () => {
    const mug = aProduct({ id: 'abcdef00-0000-4000-8000-000000000001' });
    const request = productLookupSchema.parse({ ids: [mug.id.toUpperCase(), mug.id, 'ABCDEF00-0000-4000-8000-00000000000F'] });

    const lookup = await lookUpProducts(request, { products: new FakeProductRepository([mug]) });

    expect(lookup).toEqual({ products: [mug], missing: ['abcdef00-0000-4000-8000-00000000000f'] });
  });

  it(`when more than ${MAX_LOOKUP_IDS} distinct ids are named, then it is refused with 413 saying to split it, before any read`, async () => {
    const products = new FakeProductRepository();
    const ids = Array.from({ length: MAX_LOOKUP_IDS + 1 }, (_, n) => idOf(n));

    const refusal = lookUpProducts({ ids }, { products });

    await expect(refusal).rejects.toMatchObject({ status: 413, detail: `a lookup names at most ${MAX_LOOKUP_IDS} distinct product ids (this one named ${MAX_LOOKUP_IDS + 1}); split it into several lookups` });
    expect(products.reads).toBe(0);
  });

  it(`when exactly ${MAX_LOOKUP_IDS} distinct ids come with repeats, then the lookup is answered`, async () => {
    const ids = Array.from({ length: MAX_LOOKUP_IDS * 2 }, (_, n) => idOf(n % MAX_LOOKUP_IDS));

    const lookup = await lookUpProducts({ ids }, { products: new FakeProductRepository() });

    expect(lookup.missing).toHaveLength(MAX_LOOKUP_IDS);
  });

  it.each([
    ['no ids at all', {}],
    ['an empty list', { ids: [] }],
    ['an id that is not a uuid', { ids: [idOf(1), 'not-a-uuid'] }],
    ['ids that are not strings', { ids: [42] }],
  ])('when the request has %s, then the shape is refused', (_, body) => {
    expect(productLookupSchema.safeParse(body).success).toBe(false);
  });
});
