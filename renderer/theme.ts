// Dark/light theme following the system (prefers-color-scheme), with the chart palette for each.

import { useEffect, useState } from 'react';

export type ThemeName = 'dark' | 'light';

export type ChartPalette = { background: string; text: string; grid: string; up: string; down: string; volumeUp: string; volumeDown: string; border: string };

export const PALETTES: Record<ThemeName, ChartPalette> = {
  dark: { background: '#10141c', text: '#c9d1dc', grid: '#1d2430', up: '#26a69a', down: '#ef5350', volumeUp: 'rgba(38,166,154,0.45)', volumeDown: 'rgba(239,83,80,0.45)', border: '#2a3342' },
  light: { background: '#ffffff', text: '#1f2733', grid: '#eef1f5', up: '#089981', down: '#e5484d', volumeUp: 'rgba(8,153,129,0.40)', volumeDown: 'rgba(229,72,77,0.40)', border: '#d5dbe3' },
};

const query = '(prefers-color-scheme: dark)';

export function useSystemTheme(): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(() => (window.matchMedia(query).matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setTheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
