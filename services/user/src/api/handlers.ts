import type { RouterMiddleware } from '@koa/router';
import { requireCaller, type Caller } from '@shop/service-kit';
import { addAddress, type AddAddressDeps } from '../domain/add-address';
import { changeAddress, type ChangeAddressDeps } from '../domain/change-address';
import { getMyProfile, type GetProfileDeps } from '../domain/get-my-profile';
import { listMyAddresses, type ListAddressesDeps } from '../domain/list-my-addresses';
import type { Identity } from '../domain/profile';
import { removeAddress, type RemoveAddressDeps } from '../domain/remove-address';
import { updateMyProfile, type UpdateProfileDeps } from '../domain/update-my-profile';
import { AddressesQuery, AddressPatchBody, addressIdOf, NewAddressBody, ProfilePatchBody } from './request-bodies';

export type UserDeps = GetProfileDeps & UpdateProfileDeps & ListAddressesDeps & AddAddressDeps & ChangeAddressDeps & RemoveAddressDeps;

const identityOf = (caller: Caller): Identity => ({ userId: caller.id, email: caller.email });

export function userHandlers(deps: UserDeps) {
  return {
    getProfile: async (ctx) => {
      ctx.body = await getMyProfile(identityOf(requireCaller(ctx)), deps);
    },
    updateProfile: async (ctx) => {
      const identity = identityOf(requireCaller(ctx));
      ctx.body = await updateMyProfile(identity, ProfilePatchBody.parse(ctx.request.body), deps);
    },
    listAddresses: async (ctx) => {
      const caller = requireCaller(ctx);
      ctx.body = await listMyAddresses(caller.id, AddressesQuery.parse(ctx.query), deps);
    },
    addAddress: async (ctx) => {
      const identity = identityOf(requireCaller(ctx));
      ctx.body = await addAddress(identity, NewAddressBody.parse(ctx.request.body), deps);
      ctx.status = 201;
    },
    changeAddress: async (ctx) => {
      const caller = requireCaller(ctx);
      ctx.body = await changeAddress(caller.id, addressIdOf(ctx.params.id), AddressPatchBody.parse(ctx.request.body), deps);
    },
    removeAddress: async (ctx) => {
      await removeAddress(requireCaller(ctx).id, addressIdOf(ctx.params.id), deps);
      ctx.status = 204;
    },
  } satisfies Record<string, RouterMiddleware>;
}
