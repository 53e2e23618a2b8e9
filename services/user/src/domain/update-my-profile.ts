import { assertSomethingToChange, profileUpdatedEvent, provisionalProfileOf, toProfileView, type Identity, type ProfilePatch, type ProfileView } from './profile';
import type { InTransaction } from './ports';

export interface UpdateProfileDeps {
  inTransaction: InTransaction;
}

export async function updateMyProfile(identity: Identity, patch: ProfilePatch, deps: UpdateProfileDeps): Promise<ProfileView> {
  assertSomethingToChange(patch);
  return deps.inTransaction(async (unit) => {
    await unit.profiles.ensure(provisionalProfileOf(identity));
    const updated = await unit.profiles.update(identity.userId, patch);
    await unit.recordEvent(profileUpdatedEvent(updated));
    return toProfileView(updated);
  });
}
