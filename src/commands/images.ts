/** `ackl2 images [--os AliyunLinux2|AliyunLinux3]`: the region's public images of the family, newest first. */

import { familyImages } from '../pin/images.js';
import { OS_FAMILIES } from '../profile/schema.js';
import { cell, isoTime } from './format.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';
import { choice, defineCommand } from './define.js';
import type { ImagesResult } from '../results/schemas.js';

export interface ImageRow {
  imageId: string;
  name: string | undefined;
  created: string | undefined;
  sizeGiB: number | undefined;
  architecture: string | undefined;
  osName: string | undefined;
}

export default defineCommand({
  name: 'images',
  description: 'public Alibaba Cloud Linux images of the region, newest first',
  options: {
    os: choice('--os <family>', 'OS family', ['AliyunLinux2', 'AliyunLinux3'], 'AliyunLinux2'),
  },
  examples: ['ackl2 images --region cn-hangzhou'],
  run: async (options, ctx) => {
    const { os } = options;
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
      const document: ImagesResult = { ok: true, region, os, imageFamily: family.imageFamily, imageType: family.imageType, images: rows };
      ctx.reporter.result(document, () =>
        rows.length === 0
          ? `no public ${os} images in ${region}`
          : table(
              ['IMAGE ID', 'NAME', 'CREATED', 'SIZE', 'ARCH'],
              rows.map((r) => [r.imageId, cell(r.name), cell(r.created), r.sizeGiB === undefined ? '-' : `${r.sizeGiB} GiB`, cell(r.architecture)]),
            ),
      );
    });
  },
});
