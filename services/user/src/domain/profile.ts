import { AppError } from '@shop/service-kit';

/** Who is asking, as the gateway vouched for them. */
export interface Identity {
  userId: string;
  email: string;
}

export interface Profile {
  userId: string;
  email: string;
  name: string;
  phone: string | null;
  updatedAt: Date;
}

/** What a customer may change about themselves; everything else about a profile is owned elsewhere (auth). */
export interface ProfilePatch {
  name?: string;
  /** null clears the number. */
  phone?: string | null;
}

export interface NewProfile {
  userId: string;
  email: string;
  name: string;
}

/** From user.registered: the name and email the customer signed up with. */
export interface Registration extends NewProfile {
  eventId: string;
  registeredAt: Date;
}

export interface ProfileView {
  id: string;
  email: string;
  name: string;
  phone?: string;
}

export const MAX_NAME_LENGTH = 100;

/** Until user.registered arrives, the best name we have is the email's local part. */
export function nameFromEmail(email: string): string {
  const localPart = email.split('@')[0]?.trim() ?? '';
  return (localPart || 'customer').slice(0, MAX_NAME_LENGTH);
}

/** The profile a customer gets when they reach us before their registration event does. */
export function provisionalProfileOf(identity: Identity): NewProfile {
  return { userId: identity.userId, email: identity.email, name: nameFromEmail(identity.email) };
}

export function assertSomethingToChange(patch: object): void {
  if (Object.keys(patch).length === 0) throw AppError.validation('nothing to change: the body names no writable field');
}

export function toProfileView(profile: Profile): ProfileView {
  return { id: profile.userId, email: profile.email, name: profile.name, ...(profile.phone ? { phone: profile.phone } : {}) };
}

export interface ProfileUpdated {
  type: 'user.profile.updated';
  data: { userId: string; name: string; phone: string | null; updatedAt: string };
}

export function profileUpdatedEvent(profile: Profile): ProfileUpdated {
  return {
    type: 'user.profile.updated',
    data: { userId: profile.userId, name: profile.name, phone: profile.phone, updatedAt: profile.updatedAt.toISOString() },
  };
}
