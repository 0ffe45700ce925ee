// The register form's draft: what the form (register-form.tsx) shows and its keys (use-register-keys.ts)
// edit. Its own module so the view and the keys hook both import it and the hook never imports the view.
import type { Role } from '../../../shared/protocol/index.js';

export type RegisterField = 'name' | 'role';

export interface RegisterDraft {
  name: string;
  role: Role;
  field: RegisterField;
  /** A problem found before sending (bad name); the server's reason is in the store. */
  localError: string | null;
}
