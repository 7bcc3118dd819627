/** `ackl2 images [--os AliyunLinux2|AliyunLinux3]`: the region's public images of the family, newest first. */

import { UserError } from '../errors.js';
import { familyImages } from '../pin/images.js';
import { OS_FAMILIES, type OsFamily } from '../profile/schema.js';
import type { CommandRun } from './context.js';
import { cell, isoTime } from './format.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';

export interface ImagesOptions {
  os?: string;
}

export interface ImageRow {
  imageId: string;
  name: string | undefined;
  created: string | undefined;
  sizeGiB: number | undefined;
  architecture: string | undefined;
  osName: string | undefined;
}

function osFamily(value: string | undefined): OsFamily {
  const os = value ?? 'AliyunLinux2';
  if (os in OS_FAMILIES) return os as OsFamily;
  throw new UserError(`--os "${os}" is not a supported OS family`, { hint: `use one of: ${Object.keys(OS_FAMILIES).join(', ')}` });
}

export const run: CommandRun<ImagesOptions> = async (options, ctx) => {
  const os = osFamily(options.os);
  await withSession(ctx, async ({ ecs, region }) => {
    const images = await familyImages(ecs, os);
    const rows: ImageRow[] = images.map((i) => ({
      imageId: i.imageId,
      name: i.imageName,
      created: isoTime(i.creationTime),
      sizeGiB: i.size,
      architecture: i.architecture,
      osName: i.osName,
    }));
    const family = OS_FAMILIES[os];
    ctx.reporter.result({ region, os, imageFamily: family.imageFamily, imageType: family.imageType, images: rows }, () =>
      rows.length === 0
        ? `no public ${os} images in ${region}`
        : table(
            ['IMAGE ID', 'NAME', 'CREATED', 'SIZE', 'ARCH'],
            rows.map((r) => [r.imageId, cell(r.name), cell(r.created), r.sizeGiB === undefined ? '-' : `${r.sizeGiB} GiB`, cell(r.architecture)]),
          ),
    );
  });
};
