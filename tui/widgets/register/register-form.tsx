// First run: choose a name and a role. The secret is generated and kept in the profile file.
import { Box, Text } from 'ink';
import type { Role } from '../../../shared/protocol/index.js';
import { Panel } from '../../components/panel.js';
import type { RegisterField } from './draft.js';

export interface RegisterFormProps {
  server: string;
  profilePath: string;
  name: string;
  role: Role;
  field: RegisterField;
  pending: boolean;
  error: string | null;
  /** Set while no server has answered: how to start one. */
  serverHint: string | null;
  focus: boolean;
  width: number;
  height: number;
}

export function RegisterForm(p: RegisterFormProps) {
  const onName = p.field === 'name';
  const choice = (role: Role) => {
    const on = p.role === role;
    return (
      <Text color={on ? 'cyanBright' : 'gray'} bold={on}>
        {on ? '(•)' : '( )'} {role}
      </Text>
    );
  };
  return (
    <Panel title="Create your account" aside={p.server} width={p.width} height={p.height} active>
      <Text> </Text>
      <Text>Welcome. Pick a name and whether you come to buy or to sell.</Text>
      <Text> </Text>
      <Box>
        <Text color={onName ? 'cyan' : 'gray'}>{onName ? '▶ ' : '  '}Name </Text>
        {p.name ? <Text>{p.name}</Text> : <Text color="gray">{onName ? '' : 'letters, digits, _ . -'}</Text>}
        {p.focus && onName && !p.pending ? <Text inverse> </Text> : null}
        {onName && !p.name ? <Text color="gray"> letters, digits, _ . -</Text> : null}
      </Box>
      <Box>
        <Text color={!onName ? 'cyan' : 'gray'}>{!onName ? '▶ ' : '  '}Role </Text>
        {choice('buyer')}
        <Text>{'   '}</Text>
        {choice('seller')}
        {!onName ? <Text color="gray">{'     ←/→ to change'}</Text> : null}
      </Box>
      <Text> </Text>
      {p.serverHint ? <Text color="yellow">{p.serverHint}</Text> : null}
      {p.pending ? <Text color="yellow">Registering…</Text> : null}
      {p.error ? (
        <Text bold color="red">
          ✗ {p.error}
        </Text>
      ) : null}
      {!p.pending && !p.error ? <Text> </Text> : null}
      <Text> </Text>
      <Text color="gray">Enter registers · Tab or ↑/↓ moves between fields · Ctrl-C quits</Text>
      <Text color="gray">A secret is generated for you and kept in {p.profilePath} (readable by you only),</Text>
      <Text color="gray">so the next launch logs you in by itself.</Text>
    </Panel>
  );
}
