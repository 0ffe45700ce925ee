// The register form (first run, no account given): a name and a role. Its state is the session's
// (state/session.ts: the account, unregistered, with the request's pending and error); its drafts are
// the form's own (use-register-keys.ts, called by app.tsx, which hands them to the view).
import { commandLine } from '../../invocation.js';
import { serverNeverAnswered } from '../../state/session-selectors.js';
import type { Widget } from '../view.js';
import { RegisterForm } from './register-form.js';

export const REGISTER_WIDGET: Widget<'register'> = {
  id: 'register',
  active: (s) => s.account.kind === 'unregistered' && s.modal === null,
  hints: () => [
    ['⏎', 'register'],
    ['Tab', 'next field'],
    ['Ctrl-C', 'quit'],
  ],
  main: ({ s, columns, height, live, profilePath, registerForm: form }) => (
    <RegisterForm
      server={s.server}
      profilePath={profilePath}
      name={form.name}
      role={form.role}
      field={form.field}
      pending={s.account.kind === 'unregistered' && s.account.pending}
      error={form.localError ?? (s.account.kind === 'unregistered' ? s.account.error : null)}
      focus={live}
      serverHint={
        serverNeverAnswered(s)
          ? `No server answers at ${s.server} yet. Start one with: ${commandLine('server', `--udp-port ${s.server.slice(s.server.lastIndexOf(':') + 1)}`)}`
          : null
      }
      width={columns}
      height={height}
    />
  ),
};
