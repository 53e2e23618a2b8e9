import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { aCustomer, anAddress, aRegistration, profileRow, startUser, type Answer, type UserUnderTest } from './user-under-test';

/** Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the edge, never a 500. */
let user: UserUnderTest;

beforeAll(async () => {
  user = await startUser();
});

afterAll(async () => {
  await user.stop();
});

const UNSTORABLE = [
  ['a NUL character', 'Unter den Linden\u0000 1'],
  ['a lone surrogate', 'Unter den Linden \uDC00'],
] as const;

function expectRefused(answer: Answer, field: string): void {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ type: 'https://shop.local/problems/validation', status: 400, errors: [{ path: field, message: UNSTORABLE_TEXT_MESSAGE }] });
}

describe('text Postgres cannot store', () => {
  test.each(UNSTORABLE)('when a new address holds %s, then 400 problem+json names the field and nothing is stored', async (_case, text) => {
    const customer = aCustomer();

    const answers = [
      await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line1: text }) }),
      await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ city: text }) }),
      await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line2: text }) }),
    ];

    answers.forEach((answer, i) => expectRefused(answer, ['line1', 'city', 'line2'][i]!));
    expect(await user.db('addresses').where({ user_id: customer.id })).toEqual([]);
  });

  test.each(UNSTORABLE)('when an address change holds %s, then 400 and the address is unchanged', async (_case, text) => {
    const customer = aCustomer();
    const address = (await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress() })).body;

    const answer = await user.call('PATCH', `/users/me/addresses/${address.id}`, { as: customer, body: { postalCode: text } });

    expectRefused(answer, 'postalCode');
    expect(await user.db('addresses').where({ id: address.id }).first()).toMatchObject({ postal_code: '10117' });
  });

  test.each(UNSTORABLE)('when a new profile name holds %s, then 400 and the profile keeps its name', async (_case, text) => {
    const customer = aCustomer();
    await user.deliver(aRegistration(customer, 'Grace Hopper'));

    const answer = await user.call('PATCH', '/users/me', { as: customer, body: { name: text } });

    expectRefused(answer, 'name');
    expect(await profileRow(user.db, customer.id)).toMatchObject({ name: 'Grace Hopper' });
  });

  test.each(UNSTORABLE)('when a user.registered event carries a name with %s, then it is dropped as breaking its contract and no profile is made', async (_case, text) => {
    const customer = aCustomer();

    const delivery = await user.deliver(aRegistration(customer, text));

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await profileRow(user.db, customer.id)).toBeUndefined();
  });
});

describe('address ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the id is %s, then PATCH and DELETE answer 404 problem+json', async (_case, id) => {
    const customer = aCustomer();

    const answers = [
      await user.call('PATCH', `/users/me/addresses/${id}`, { as: customer, body: { city: 'Potsdam' } }),
      await user.call('DELETE', `/users/me/addresses/${id}`, { as: customer }),
    ];

    expect(answers.map((answer) => [answer.status, answer.body?.type])).toEqual([
      [404, 'https://shop.local/problems/not-found'],
      [404, 'https://shop.local/problems/not-found'],
    ]);
  });
});
