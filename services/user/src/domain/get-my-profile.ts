import { provisionalProfileOf, toProfileView, type Identity, type ProfileView } from './profile';
import type { Profiles } from './ports';

export interface GetProfileDeps {
  profiles: Profiles;
}

/** A fresh customer may call before user.registered reaches us; they get a provisional profile, never a 404. */
export async function getMyProfile(identity: Identity, deps: GetProfileDeps): Promise<ProfileView> {
  const existing = await deps.profiles.find(identity.userId);
  return toProfileView(existing ?? (await deps.profiles.ensure(provisionalProfileOf(identity))));
}
