import type { MessageChannel } from '../domain/ports';
import type { DaprOutputBindings } from './dapr-output-bindings';

/**
 * Email through a bindings.smtp component. Its `data` is the body, which the binding always sends as text/html, so
 * the HTML rendering goes there; the sender address comes from the component (`emailFrom`).
 */
export function emailChannel(bindings: DaprOutputBindings, bindingName: string): MessageChannel {
  return {
    async send(message) {
      await bindings.invoke(bindingName, 'create', message.html ?? message.body, { emailTo: message.to, subject: message.subject });
    },
  };
}

/** SMS through a bindings.http component that posts `{to, text}` to the provider (locally, the message sink). */
export function smsChannel(bindings: DaprOutputBindings, bindingName: string): MessageChannel {
  return {
    async send(message) {
      // Capitalised metadata keys become request headers of the http binding.
      await bindings.invoke(bindingName, 'post', { to: message.to, text: message.body }, { 'Content-Type': 'application/json' });
    },
  };
}
