// Ink 6 has no useWindowSize: follow stdout's 'resize' ourselves.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The smallest terminal the layout is designed for. */
export const MIN_SIZE: TerminalSize = { columns: 80, rows: 24 };

function read(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || MIN_SIZE.columns, rows: stdout.rows || MIN_SIZE.rows };
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => {
      setSize((was) => {
        const next = read(stdout);
        return next.columns === was.columns && next.rows === was.rows ? was : next;
      });
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
