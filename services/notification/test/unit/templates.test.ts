import { cancellationReason, render, type OrderFacts } from '../../src/domain/templates';

const anOrder = (fields: Partial<OrderFacts> = {}): OrderFacts => ({
  orderId: '3f2a9c1e-5b7d-4e21-9c1a-0d6f1b2c3d4e',
  items: [
    { productId: 'a1b2c3d4-0000-4000-8000-000000000001', quantity: 2, priceCents: 1299 },
    { productId: 'a1b2c3d4-0000-4000-8000-000000000002', quantity: 1, priceCents: 450 },
  ],
  totalCents: 3048,
  currency: 'USD',
  ...fields,
});

describe('templates', () => {
  it('when an order is confirmed, then the message names the order, lists its lines and its total in dollars', () => {
    const message = render({ template: 'order-confirmed', order: anOrder() });

    expect(message.subject).toBe('Your order #3F2A9C1E is confirmed');
    expect(message.text).toContain('Order 3f2a9c1e-5b7d-4e21-9c1a-0d6f1b2c3d4e');
    expect(message.text).toContain('2 × a1b2c3d4-0000-4000-8000-000000000001 at $12.99');
    expect(message.text).toContain('Total: $30.48');
    expect(message.html).toContain('<strong>Total: $30.48</strong>');
  });

  it('when an order is cancelled, then the reason is given in words', () => {
    const message = render({ template: 'order-cancelled', order: anOrder({ reason: 'payment_declined' }) });

    expect(message.subject).toBe('Your order #3F2A9C1E was cancelled');
    expect(message.text).toContain('We cancelled your order #3F2A9C1E because the payment was declined.');
    expect(message.text).not.toContain('payment_declined');
  });

  it.each([
    ['out_of_stock', 'some of the items are out of stock'],
    ['payment_unavailable', 'we could not reach the payment provider'],
    ['cancelled_by_user', 'you asked us to cancel it'],
    ['reservation_expired', 'the items we held for you were released before the payment completed'],
    ['inventory_unavailable', 'we could not check our stock'],
    [undefined, 'it could not be completed'],
    ['something_new', 'it could not be completed'],
  ])('when the cancellation reason is %s, then it reads "%s"', (reason, words) => {
    const said = cancellationReason(reason);

    expect(said).toBe(words);
  });

  it('when an order ships or is delivered, then the subject says so', () => {
    const shipped = render({ template: 'order-shipped', order: anOrder() });
    const delivered = render({ template: 'order-delivered', order: anOrder() });

    expect(shipped.subject).toBe('Your order #3F2A9C1E has shipped');
    expect(delivered.subject).toBe('Your order #3F2A9C1E was delivered');
  });

  it('when a refund is issued, then the message gives the refunded amount and the order', () => {
    const message = render({ template: 'refund-issued', refund: { orderId: '3f2a9c1e-5b7d-4e21-9c1a-0d6f1b2c3d4e', amountCents: 123456, currency: 'USD' } });

    expect(message.subject).toBe('Your refund for order #3F2A9C1E is on its way');
    expect(message.text).toContain('We refunded $1,234.56 for order #3F2A9C1E.');
    expect(message.html).toContain('<p>We refunded $1,234.56 for order #3F2A9C1E.</p>');
  });

  it('when a value holds HTML, then the HTML rendering escapes it', () => {
    const message = render({ template: 'order-confirmed', order: anOrder({ items: [{ productId: '<script>x</script>', quantity: 1, priceCents: 1 }] }) });

    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&#60;script&#62;');
  });

  it('when any template is rendered, then the SMS line is short and starts with the shop name', () => {
    const message = render({ template: 'order-delivered', order: anOrder() });

    expect(message.short).toBe('Shop: Your order #3F2A9C1E was delivered.');
  });
});
