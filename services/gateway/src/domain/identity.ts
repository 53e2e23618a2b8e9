import { CALLER_HEADERS } from '@shop/service-kit';

/** The caller as the gateway established it from a verified access token. */
export interface Identity {
  userId: string;
  email: string;
  roles: string[];
}

/** Headers that carry the identity to services. Clients can never set them: the gateway removes them first. */
export function identityHeaders(identity: Identity | undefined): Record<string, string> {
  if (!identity) return {};
  return {
    [CALLER_HEADERS.userId]: identity.userId,
    [CALLER_HEADERS.roles]: identity.roles.join(','),
    [CALLER_HEADERS.email]: identity.email,
  };
}

/** Everything matching `x-user-*` counts as identity, so a future header cannot be smuggled in either. */
export const isIdentityHeader = (name: string): boolean => name.toLowerCase().startsWith('x-user-');
