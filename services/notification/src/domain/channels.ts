import type { Channel, Contact } from './notification';

/** Every channel we can reach the customer on: email when an address is known, SMS when a phone number is. */
export function chooseChannels(contact: Contact): { channel: Channel; to: string }[] {
  const chosen: { channel: Channel; to: string }[] = [];
  if (contact.email?.trim()) chosen.push({ channel: 'email', to: contact.email.trim() });
  if (contact.phone?.trim()) chosen.push({ channel: 'sms', to: contact.phone.trim() });
  return chosen;
}
