/** What the checkout's steps can answer. Business answers are outcomes; a technical failure is `unavailable`. */
export type Unavailable = { outcome: 'unavailable'; detail: string };

export type ReserveOutcome = { outcome: 'reserved'; expiresAt: string } | { outcome: 'out_of_stock'; productIds: string[] } | { outcome: 'committed' | 'released' | 'expired' } | Unavailable;
export type CommitOutcome = { outcome: 'committed' } | { outcome: 'expired' | 'released' | 'not_found' } | Unavailable;
export type ReleaseOutcome = { outcome: 'released' | 'not_found' } | Unavailable;
export type ChargeOutcome =
  | { outcome: 'captured' | 'refunded'; paymentId: string }
  | { outcome: 'declined'; paymentId: string; reason: string }
  | { outcome: 'voided' }
  | Unavailable;
export type RefundOutcome = { outcome: 'refunded'; paymentId: string } | { outcome: 'nothing_to_refund' } | Unavailable;
export type ConfirmOutcome = { outcome: 'confirmed' | 'cancel_requested' } | Unavailable;
export type CancelOutcome = { outcome: 'cancelled' | 'too_late' } | Unavailable;
export type KeepOutcome = { outcome: 'kept' } | Unavailable;
/** Shipping's decision on a confirmed order's parcel (its `unavailable` is this module's, retried until answered). */
export type { ShipmentCancellation } from '../domain/ports';

export const isUnavailable = (result: { outcome: string }): result is Unavailable => result.outcome === 'unavailable';
