import type { Registration } from './profile';
import type { OncePerEvent, UserLog } from './ports';

export interface OpenProfileDeps {
  oncePerEvent: OncePerEvent;
  log: UserLog;
}

/** user.registered → the customer's profile. Idempotent twice over: per event id, and by never going back in time. */
export async function openProfile(registration: Registration, deps: OpenProfileDeps): Promise<void> {
  let wrote = false;
  const outcome = await deps.oncePerEvent(registration.eventId, async (profiles) => {
    wrote = await profiles.recordRegistration(registration);
  });
  deps.log.info({ userId: registration.userId, eventId: registration.eventId, outcome, wrote }, 'registration recorded');
}
