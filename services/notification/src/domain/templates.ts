import { formatMoney } from './money';
import type { TemplateName } from './notification';

export interface OrderLine {
  productId: string;
  quantity: number;
  priceCents: number;
}

export interface OrderFacts {
  orderId: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  reason?: string;
}

export interface RefundFacts {
  orderId: string;
  amountCents: number;
  currency: string;
}

/** What a template needs to know; the template name decides which facts those are. */
export type TemplateInput =
  | { template: Exclude<TemplateName, 'refund-issued'>; order: OrderFacts }
  | { template: 'refund-issued'; refund: RefundFacts };

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** One line for an SMS. */
  short: string;
}

/** A message before it is laid out as text and HTML. */
interface Letter {
  subject: string;
  paragraphs: string[];
  order?: OrderFacts;
}

export function render(input: TemplateInput): RenderedMessage {
  const letter = compose(input);
  return { subject: letter.subject, text: asText(letter), html: asHtml(letter), short: `Shop: ${letter.subject}.` };
}

function compose(input: TemplateInput): Letter {
  if (input.template === 'refund-issued') {
    const { orderId, amountCents, currency } = input.refund;
    return {
      subject: `Your refund for order ${reference(orderId)} is on its way`,
      paragraphs: [
        `We refunded ${formatMoney(amountCents, currency)} for order ${reference(orderId)}.`,
        'Depending on your bank it can take a few days to appear on your statement.',
      ],
    };
  }
  const order = input.order;
  const ref = reference(order.orderId);
  switch (input.template) {
    case 'order-confirmed':
      return { subject: `Your order ${ref} is confirmed`, paragraphs: ['Thank you for your order. We have received your payment and are preparing it.'], order };
    case 'order-cancelled':
      return {
        subject: `Your order ${ref} was cancelled`,
        paragraphs: [`We cancelled your order ${ref} because ${cancellationReason(order.reason)}.`, 'If you were charged for it, the payment is refunded.'],
        order,
      };
    case 'order-shipped':
      return { subject: `Your order ${ref} has shipped`, paragraphs: [`Good news: your order ${ref} is on its way.`], order };
    case 'order-delivered':
      return { subject: `Your order ${ref} was delivered`, paragraphs: [`Your order ${ref} was delivered. We hope you enjoy it.`], order };
  }
}

/** The cancellation reasons of the order contract, as a customer would say them. */
export function cancellationReason(reason: string | undefined): string {
  switch (reason) {
    case 'out_of_stock':
      return 'some of the items are out of stock';
    case 'payment_declined':
      return 'the payment was declined';
    case 'payment_unavailable':
      return 'we could not reach the payment provider';
    case 'cancelled_by_user':
      return 'you asked us to cancel it';
    case 'reservation_expired':
      return 'the items we held for you were released before the payment completed';
    case 'inventory_unavailable':
      return 'we could not check our stock';
    default:
      return 'it could not be completed';
  }
}

/** Customers quote the first eight characters of the order id to support. */
export const reference = (orderId: string): string => `#${orderId.slice(0, 8).toUpperCase()}`;

function itemLines(order: OrderFacts): string[] {
  return order.items.map((item) => `${item.quantity} × ${item.productId} at ${formatMoney(item.priceCents, order.currency)}`);
}

function asText(letter: Letter): string {
  const parts = [...letter.paragraphs];
  if (letter.order) {
    parts.push(`Order ${letter.order.orderId}\n${itemLines(letter.order).map((line) => `  ${line}`).join('\n')}`);
    parts.push(`Total: ${formatMoney(letter.order.totalCents, letter.order.currency)}`);
  }
  return `${parts.join('\n\n')}\n`;
}

function asHtml(letter: Letter): string {
  const parts = letter.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  if (letter.order) {
    parts.push(`<p>Order ${escapeHtml(letter.order.orderId)}</p>`);
    parts.push(`<ul>${itemLines(letter.order).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`);
    parts.push(`<p><strong>Total: ${escapeHtml(formatMoney(letter.order.totalCents, letter.order.currency))}</strong></p>`);
  }
  return `<html><body>${parts.join('\n')}</body></html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
