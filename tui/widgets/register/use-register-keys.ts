// The register form's keys and drafts: name (a name field), role (←/→, space, b, s), Tab/↑/↓ between
// the two, Enter registers. The drafts are the form's own (a DraftStore): the store learns the name
// only when it is sent. (app.tsx calls it, not the registry: the form's view reads the drafts.)
import { useCallback } from 'react';
import { fields } from '../../../shared/protocol/index.js';
import { useDraft } from '../../hooks/use-draft.js';
import type { KeyHandler } from '../../hooks/use-store.js';
import { useCommands, useStore } from '../../hooks/use-store.js';
import { editField } from '../../input/field.js';
import type { RegisterDraft } from './draft.js';

export interface RegisterFormKeys {
  view: RegisterDraft;
  onKey: KeyHandler;
  /** Something typed and not sent (quitting would lose it). */
  dirty: () => boolean;
}

export function useRegisterForm(initialName = ''): RegisterFormKeys {
  const store = useStore();
  const commands = useCommands();
  const [view, draft] = useDraft<RegisterDraft>(() => ({
    name: initialName,
    role: 'buyer',
    field: 'name',
    localError: null,
  }));

  const onKey = useCallback<KeyHandler>(
    (ev) => {
      const s = store.getSnapshot();
      if (s.account.kind !== 'unregistered') return;
      const d = draft.get();
      if (ev.kind === 'tab' || ev.kind === 'backtab' || ev.kind === 'up' || ev.kind === 'down')
        return draft.set({ field: d.field === 'name' ? 'role' : 'name' });
      if (ev.kind === 'enter') {
        if (s.account.pending) return;
        const checked = fields.accountName(d.name.trim());
        if (!checked.ok) return draft.set({ localError: `Name ${checked.reason}`, field: 'name' });
        draft.set({ localError: null });
        void commands.register(checked.value, d.role);
        return;
      }
      if (d.field === 'role') {
        const flip = d.role === 'buyer' ? 'seller' : 'buyer';
        if (ev.kind === 'left' || ev.kind === 'right' || (ev.kind === 'char' && ev.char === ' '))
          return draft.set({ role: flip });
        if (ev.kind === 'char' && ev.char === 'b') return draft.set({ role: 'buyer' });
        if (ev.kind === 'char' && ev.char === 's') return draft.set({ role: 'seller' });
        return;
      }
      if (s.account.pending) return;
      const edit = editField(d.name, ev, { kind: 'name' });
      if (edit)
        draft.set(edit.refused ? { localError: `Name: ${edit.refused}` } : { name: edit.value, localError: null });
    },
    [store, commands, draft],
  );

  const dirty = useCallback(() => draft.get().name.trim() !== '', [draft]);
  return { view, onKey, dirty };
}
