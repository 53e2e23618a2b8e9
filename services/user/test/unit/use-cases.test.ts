import { randomUUID } from 'node:crypto';
import { addAddress } from '../../src/domain/add-address';
import { MAX_ADDRESSES_PER_USER } from '../../src/domain/address';
import { changeAddress } from '../../src/domain/change-address';
import { getMyProfile } from '../../src/domain/get-my-profile';
import { updateMyProfile } from '../../src/domain/update-my-profile';
import { fakeWorld } from './fake-ports';

const anIdentity = () => ({ userId: randomUUID(), email: `ada-${randomUUID().slice(0, 8)}@example.com` });
const anAddress = () => ({ line1: 'Main St 1', line2: null, city: 'Springfield', postalCode: '12345', country: 'US' });

describe('use cases', () => {
  it('when a customer without a profile asks for it, then one is made from their identity', async () => {
    const world = fakeWorld();
    const identity = anIdentity();

    const profile = await getMyProfile(identity, world);

    expect(profile).toEqual({ id: identity.userId, email: identity.email, name: identity.email.split('@')[0] });
  });

  it('when the effective patch is empty, then it is refused before any transaction opens', async () => {
    const world = fakeWorld();

    await expect(updateMyProfile(anIdentity(), {}, world)).rejects.toMatchObject({ status: 400 });

    expect(world.transactions()).toBe(0);
    expect(world.events).toEqual([]);
  });

  it('when the name changes, then the profile and a user.profile.updated event come out of the same unit of work', async () => {
    const world = fakeWorld();
    const identity = anIdentity();

    const profile = await updateMyProfile(identity, { name: 'Ada Lovelace' }, world);

    expect(profile.name).toBe('Ada Lovelace');
    expect(world.transactions()).toBe(1);
    expect(world.events).toEqual([
      { type: 'user.profile.updated', data: { userId: identity.userId, name: 'Ada Lovelace', phone: null, updatedAt: expect.any(String) } },
    ]);
  });

  it(`when a customer already has ${MAX_ADDRESSES_PER_USER} addresses, then another is refused with 409`, async () => {
    const world = fakeWorld();
    const identity = anIdentity();
    for (let i = 0; i < MAX_ADDRESSES_PER_USER; i += 1) await addAddress(identity, anAddress(), world);

    const refused = addAddress(identity, anAddress(), world);

    await expect(refused).rejects.toMatchObject({ status: 409 });
    expect(await world.addresses.countOf(identity.userId)).toBe(MAX_ADDRESSES_PER_USER);
  });

  it("when a customer changes another customer's address, then it is not found", async () => {
    const world = fakeWorld();
    const owner = anIdentity();
    const address = await addAddress(owner, anAddress(), world);

    const attempt = changeAddress(anIdentity().userId, address.id, { city: 'Elsewhere' }, world);

    await expect(attempt).rejects.toMatchObject({ status: 404 });
    expect(world.addresses.rows[0]?.city).toBe('Springfield');
  });
});
