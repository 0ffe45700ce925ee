// The register form's keys and local state: name (typed), role (←/→), Tab/↑/↓ between fields, Enter registers.
import { useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { fields } from '../../shared/protocol/index.js';
import type { Role } from '../../shared/protocol/index.js';
import type { RegisterField } from '../components/register-form.js';
import { useCommands, useStore } from './use-store.js';

export interface RegisterFormState {
  name: string;
  role: Role;
  field: RegisterField;
  /** A problem found before sending (bad name); the server's reason is in the store. */
  localError: string | null;
  onNameChange: (name: string) => void;
  onSubmit: () => void;
}

interface Draft {
  name: string;
  role: Role;
  field: RegisterField;
  localError: string | null;
}

export function useRegisterForm({
  isActive,
  initialName = '',
}: {
  isActive: boolean;
  initialName?: string;
}): RegisterFormState {
  const store = useStore();
  const commands = useCommands();
  // Keys that arrive in one chunk are handled before React re-renders, so the handlers read and
  // write the draft through a ref, and the state copy only drives rendering.
  const draft = useRef<Draft>({ name: initialName, role: 'buyer', field: 'name', localError: null });
  const [view, setView] = useState<Draft>(draft.current);
  const update = useCallback((patch: Partial<Draft>) => {
    draft.current = { ...draft.current, ...patch };
    setView(draft.current);
  }, []);

  const onSubmit = useCallback(() => {
    const s = store.getSnapshot();
    if (s.account.kind !== 'unregistered' || s.account.pending) return;
    const checked = fields.accountName(draft.current.name.trim());
    if (!checked.ok) return update({ localError: `Name ${checked.reason}`, field: 'name' });
    update({ localError: null });
    void commands.register(checked.value, draft.current.role);
  }, [store, commands, update]);

  const onNameChange = useCallback(
    (text: string) => {
      update({ name: text.replace(/\s/g, '').slice(0, 32), localError: null });
    },
    [update],
  );

  useInput(
    (input, key) => {
      const d = draft.current;
      if (key.tab || key.upArrow || key.downArrow) return update({ field: d.field === 'name' ? 'role' : 'name' });
      if (d.field !== 'role') return; // the name field's TextInput handles typing and Enter
      if (key.leftArrow || key.rightArrow || input === ' ') update({ role: d.role === 'buyer' ? 'seller' : 'buyer' });
      else if (input === 'b') update({ role: 'buyer' });
      else if (input === 's') update({ role: 'seller' });
      else if (key.return) onSubmit();
    },
    { isActive },
  );

  return { ...view, onNameChange, onSubmit };
}
