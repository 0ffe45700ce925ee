// How the screen may mark things: with colour, or (NO_COLOR) without. Colour codes are taken out of
// every frame by the ScreenWriter under NO_COLOR; what colour alone marked (a background: the selected
// row, key badges, the header) uses reverse video instead, which components ask for here.
import { createContext, useContext } from 'react';

export interface Theme {
  /** False under NO_COLOR. */
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
