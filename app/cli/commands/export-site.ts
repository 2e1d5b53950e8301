import { BuildMissingError, loadBuildAssets } from '~/services/build-assets.server';
import { getDb } from '~/services/database.server';
import { exportSite } from '~/services/static-site.server';
import { EXIT, parseOptions, printJson, refuse } from '../io';

/**
 * `export-site DIR`: the public pages, their downloads, CSS and fonts as a static site (JSON: what was written).
 * The stylesheets are the Remix build's, so the build must exist (`npm run build`).
 */
export async function exportSiteCommand(args: string[]): Promise<number> {
  const { positionals } = parseOptions(args, {}, 1);
  let assets;
  try {
    assets = loadBuildAssets();
  } catch (error) {
    if (error instanceof BuildMissingError) return refuse(`workbench export-site: ${error.message}`);
    throw error;
  }
  printJson(exportSite(positionals[0], assets, getDb()));
  return EXIT.ok;
}
