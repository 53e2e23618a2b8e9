import { addLine, emptyCart } from '../../src/domain/cart';
import { removeItem } from '../../src/domain/remove-item';
import { readCart, updateCart } from '../../src/domain/update-cart';
import { FakeCartStore, noWait } from './fake-ports';

const line = (productId: string) => ({ productId, quantity: 1, priceCents: 100 });

describe('read-modify-write of a cart', () => {
  it('when nobody else writes, then the change is saved at the first attempt', async () => {
    const carts = new FakeCartStore();

    await updateCart('u1', (cart) => addLine(cart, line('a')), { carts, retry: noWait() });

    expect(carts.writes).toBe(1);
    expect(carts.carts.get('u1')!.cart.items).toEqual([line('a')]);
  });

  it('when another writer changes the cart between read and write, then the change is re-applied to the fresh cart and both land', async () => {
    const carts = new FakeCartStore();
    carts.put('u1', emptyCart());
    let intruded = false;
    carts.beforeWrite = (userId) => {
      if (intruded) return;
      intruded = true;
      carts.put(userId, addLine(carts.carts.get(userId)!.cart, line('other')));
    };
    const retry = noWait();

    await updateCart('u1', (cart) => addLine(cart, line('mine')), { carts, retry });

    expect(carts.carts.get('u1')!.cart.items).toEqual([line('other'), line('mine')]);
    expect(carts.writes).toBe(2);
    expect(retry.waits).toEqual([1]);
  });

  it('when another writer creates the cart first, then the create is retried as an update and nothing is lost', async () => {
    const carts = new FakeCartStore();
    carts.beforeWrite = (userId) => {
      if (!carts.carts.has(userId)) carts.put(userId, addLine(emptyCart(), line('theirs')));
    };

    await updateCart('u1', (cart) => addLine(cart, line('mine')), { carts, retry: noWait() });

    expect(carts.carts.get('u1')!.cart.items).toEqual([line('theirs'), line('mine')]);
  });

  it('when every attempt conflicts, then it gives up after the bounded attempts with 409', async () => {
    const carts = new FakeCartStore();
    carts.beforeWrite = (userId) => carts.put(userId, emptyCart());

    await expect(updateCart('u1', (cart) => addLine(cart, line('a')), { carts, retry: noWait(5) })).rejects.toMatchObject({ status: 409 });
    expect(carts.writes).toBe(5);
  });

  it('when the change itself is refused, then nothing is written and nothing is retried', async () => {
    const carts = new FakeCartStore();

    await expect(updateCart('u1', (cart) => addLine(cart, { productId: 'a', quantity: 100, priceCents: 1 }), { carts, retry: noWait() })).rejects.toMatchObject({ status: 422 });
    expect(carts.writes).toBe(0);
  });

  it('when a cart stored before ids were lower-cased is changed by the lower-case id, then the change lands on its line', async () => {
    const carts = new FakeCartStore();
    const productId = 'abcdef00-0000-4000-8000-000000000001';
    carts.put('u1', { items: [line(productId.toUpperCase()), line('kept')], checkouts: [] });

    await removeItem({ userId: 'u1', productId }, { carts, retry: noWait() });

    expect(carts.carts.get('u1')!.cart.items).toEqual([line('kept')]);
  });

  it('when a cart stored with an upper-case id is read, then the id is answered in lower case', async () => {
    const carts = new FakeCartStore();
    carts.put('u1', { items: [line('ABCDEF00-0000-4000-8000-000000000001')], checkouts: [] });

    const cart = await readCart('u1', { carts });

    expect(cart.items).toEqual([line('abcdef00-0000-4000-8000-000000000001')]);
  });
});
