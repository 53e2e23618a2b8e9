import type { CloudEvent, Subscription } from '@shop/service-kit';
import { openProfile, type OpenProfileDeps } from '../domain/open-profile';
import type { Registration } from '../domain/profile';

/** `data` of user.registered (contracts/events/user.registered.v1.json), already validated on delivery. */
interface UserRegisteredData {
  userId: string;
  email: string;
  name: string;
  registeredAt: string;
}

export function registrationOf(event: CloudEvent<UserRegisteredData>): Registration {
  const { userId, email, name, registeredAt } = event.data;
  return { eventId: event.id, userId, email, name, registeredAt: new Date(registeredAt) };
}

export function userEventSubscriptions(deps: OpenProfileDeps): Subscription[] {
  return [{ topic: 'user.registered', handle: (event) => openProfile(registrationOf(event as CloudEvent<UserRegisteredData>), deps) }];
}
