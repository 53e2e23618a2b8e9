import { productSearchSchema } from '../../src/domain/search-products';
import { newCategorySchema } from '../../src/domain/category';
import { assertSupportedCurrency, MAX_PRICE_CENTS, newProductSchema, productPatchSchema } from '../../src/domain/product';

const validProduct = {
  sku: 'MUG-BLUE-001',
  name: 'Blue Mug',
  priceCents: 1299,
  categoryId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};

describe('new product rules', () => {
  it('when currency and description are left out, then they default to USD and empty', () => {
    const product = newProductSchema.parse(validProduct);

    expect(product).toEqual({ ...validProduct, currency: 'USD', description: '' });
  });

  it('when the price is the maximum, then it is accepted', () => {
    const result = newProductSchema.safeParse({ ...validProduct, priceCents: MAX_PRICE_CENTS });

    expect(result.success).toBe(true);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 12.5],
    ['above the maximum', MAX_PRICE_CENTS + 1],
    ['a string', '1299'],
  ])('when the price is %s, then it is rejected on priceCents', (_case, priceCents) => {
    const result = newProductSchema.safeParse({ ...validProduct, priceCents });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['priceCents']);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['with spaces', 'MUG BLUE'],
    ['with SQL', "x'; drop table products; --"],
    ['too long', 'A'.repeat(65)],
  ])('when the sku is %s, then it is rejected', (_case, sku) => {
    const result = newProductSchema.safeParse({ ...validProduct, sku });

    expect(result.success).toBe(false);
  });

  it('when the name is blank or over 200 characters, then it is rejected', () => {
    const blank = newProductSchema.safeParse({ ...validProduct, name: '  ' });
    const long = newProductSchema.safeParse({ ...validProduct, name: 'n'.repeat(201) });

    expect(blank.success).toBe(false);
    expect(long.success).toBe(false);
  });

  it('when the category id is not a uuid, then it is rejected', () => {
    const result = newProductSchema.safeParse({ ...validProduct, categoryId: 'kitchen' });

    expect(result.success).toBe(false);
  });

  it('when required fields are missing, then each one is reported', () => {
    const result = newProductSchema.safeParse({});

    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['categoryId', 'name', 'priceCents', 'sku']);
  });
});

describe('currency rule', () => {
  it('when the currency is USD, then it is supported', () => {
    expect(() => assertSupportedCurrency('USD')).not.toThrow();
  });

  it.each(['EUR', 'usd', ''])('when the currency is "%s", then it is refused as unprocessable', (currency) => {
    expect(() => assertSupportedCurrency(currency)).toThrow(expect.objectContaining({ status: 422 }));
  });
});

describe('product patch rules', () => {
  it('when the patch is empty, then it is rejected', () => {
    const result = productPatchSchema.safeParse({});

    expect(result.success).toBe(false);
  });

  it('when the patch only has unknown fields, then it is rejected as empty', () => {
    const result = productPatchSchema.safeParse({ colour: 'blue' });

    expect(result.success).toBe(false);
  });

  it('when the patch changes only the price, then only the price is kept', () => {
    const patch = productPatchSchema.parse({ priceCents: 500 });

    expect(patch).toEqual({ priceCents: 500 });
  });

  it('when the patch breaks a rule of a new product, then it is rejected the same way', () => {
    const result = productPatchSchema.safeParse({ priceCents: 0 });

    expect(result.success).toBe(false);
  });
});

describe('new category rules', () => {
  it('when the name has surrounding spaces, then they are trimmed', () => {
    const category = newCategorySchema.parse({ name: '  Mugs  ' });

    expect(category).toEqual({ name: 'Mugs' });
  });

  it.each([
    ['empty', ''],
    ['over 100 characters', 'c'.repeat(101)],
  ])('when the name is %s, then it is rejected', (_case, name) => {
    const result = newCategorySchema.safeParse({ name });

    expect(result.success).toBe(false);
  });

  it('when the name is exactly 100 characters, then it is accepted', () => {
    const result = newCategorySchema.safeParse({ name: 'c'.repeat(100) });

    expect(result.success).toBe(true);
  });

  it('when the parent id is not a uuid, then it is rejected', () => {
    const result = newCategorySchema.safeParse({ name: 'Mugs', parentId: 'kitchen' });

    expect(result.success).toBe(false);
  });
});

describe('product search parameters', () => {
  it('when a search names a category that is not a uuid, then it is rejected', () => {
    const result = productSearchSchema.safeParse({ categoryId: 'kitchen' });

    expect(result.success).toBe(false);
  });
});
