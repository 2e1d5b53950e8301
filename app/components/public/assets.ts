import bengali400 from '@fontsource/noto-sans-bengali/400.css';
import bengali700 from '@fontsource/noto-sans-bengali/700.css';
import nastaliq400 from '@fontsource/noto-nastaliq-urdu/400.css';
import nastaliq700 from '@fontsource/noto-nastaliq-urdu/700.css';
import chinese400 from '@fontsource/noto-sans-sc/400.css';
import thai400 from '@fontsource/noto-sans-thai/400.css';
import thai700 from '@fontsource/noto-sans-thai/700.css';
import publicStyles from '~/styles/public.css';
import type { PublicAssets } from '~/services/publishing.server';

/**
 * The stylesheets of public pages, as the Remix build names them. Only routes import this (the command line
 * runs without the build's CSS handling and never renders pages).
 */
export const PUBLIC_ASSETS: PublicAssets = {
  styles: [publicStyles],
  fonts: { Thai: [thai400, thai700], Beng: [bengali400, bengali700], Arab: [nastaliq400, nastaliq700], Hans: [chinese400] },
};
