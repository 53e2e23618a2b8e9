import { pageOf, pageRequestSchema, sliceOf } from '../../src/paging';

describe('paging rules', () => {
  it('when no paging is given, then the first page of 20 is used', () => {
    const request = pageRequestSchema.parse({});

    expect(request).toEqual({ page: 1, pageSize: 20 });
  });

  it('when page and pageSize come as query strings, then they are read as numbers', () => {
    const request = pageRequestSchema.parse({ page: '3', pageSize: '100' });

    expect(request).toEqual({ page: 3, pageSize: 100 });
  });

  it.each([
    ['pageSize 0', { pageSize: '0' }],
    ['pageSize 101', { pageSize: '101' }],
    ['page 0', { page: '0' }],
    ['a negative page', { page: '-1' }],
    ['a fractional pageSize', { pageSize: '2.5' }],
    ['a non-numeric page', { page: 'two' }],
    ['an empty pageSize', { pageSize: '' }],
  ])('when the request has %s, then it is rejected', (_case, query) => {
    const result = pageRequestSchema.safeParse(query);

    expect(result.success).toBe(false);
  });

  it('when page 3 of size 10 is asked for, then rows 20 to 29 are read', () => {
    const slice = sliceOf({ page: 3, pageSize: 10 });

    expect(slice).toEqual({ limit: 10, offset: 20 });
  });

  it('when a page is built, then it carries the request and the full match count', () => {
    const page = pageOf({ page: 2, pageSize: 1 }, { items: ['b'], total: 5 });

    expect(page).toEqual({ items: ['b'], page: 2, pageSize: 1, total: 5 });
  });
});
