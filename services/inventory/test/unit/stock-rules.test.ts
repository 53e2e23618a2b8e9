import { lowStockCrossing, lowStockCrossings, noStock, toStockView, type StockLevel } from '../../src/domain/stock';

const PRODUCT = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';

const level = (onHand: number, reserved: number, lowStockThreshold = 5, productId = PRODUCT): StockLevel => ({ productId, onHand, reserved, lowStockThreshold });

describe('the stock view', () => {
  it('when units are reserved, then available is on hand minus reserved', () => {
    const view = toStockView(level(10, 3));

    expect(view).toEqual({ productId: PRODUCT, onHand: 10, reserved: 3, available: 7, lowStockThreshold: 5 });
  });

  it('when a product was never stocked, then it reads as all zeros', () => {
    const view = toStockView(noStock(PRODUCT));

    expect(view).toEqual({ productId: PRODUCT, onHand: 0, reserved: 0, available: 0, lowStockThreshold: 0 });
  });
});

describe('crossing the low-stock threshold', () => {
  it('when available drops from at the threshold to below it, then low stock is announced', () => {
    const crossing = lowStockCrossing(level(10, 5), level(10, 6));

    expect(crossing).toEqual({ productId: PRODUCT, available: 4, threshold: 5 });
  });

  it('when available drops but stays at or above the threshold, then nothing is announced', () => {
    const crossing = lowStockCrossing(level(10, 0), level(10, 5));

    expect(crossing).toBeUndefined();
  });

  it('when available was already below the threshold, then a further drop announces nothing', () => {
    const crossing = lowStockCrossing(level(10, 6), level(10, 8));

    expect(crossing).toBeUndefined();
  });

  it('when available rises back above the threshold, then nothing is announced', () => {
    const crossing = lowStockCrossing(level(10, 8), level(10, 0));

    expect(crossing).toBeUndefined();
  });

  it('when the threshold is 0, then even an empty shelf is not low stock', () => {
    const crossing = lowStockCrossing(level(3, 0, 0), level(3, 3, 0));

    expect(crossing).toBeUndefined();
  });

  it('when a product had no stock before, then stocking it below the threshold is not a drop', () => {
    const crossing = lowStockCrossing(noStock(PRODUCT), level(2, 0));

    expect(crossing).toBeUndefined();
  });

  it('when several products change together, then only those that crossed are announced', () => {
    const crossings = lowStockCrossings([level(10, 5), level(10, 0, 5, OTHER)], [level(10, 6), level(10, 1, 5, OTHER)]);

    expect(crossings).toEqual([{ productId: PRODUCT, available: 4, threshold: 5 }]);
  });
});
