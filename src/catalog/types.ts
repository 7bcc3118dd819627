/** The shape of a dated catalogue: ACK's public offer at a date, every fact with its source. */

export interface Source {
  /** The page title as ACK's documentation names it. */
  title: string;
  url?: string | undefined;
  /** The page's "Last updated" date (or the date it was read), YYYY-MM-DD. */
  updated: string;
  /** True where the documentation is silent and the fact is our assumption. */
  assumed?: boolean | undefined;
  /** What exactly is assumed, or what the page says. */
  note?: string | undefined;
}

export interface Runtime {
  name: string;
  version: string;
}

export interface CatalogueVersion {
  /** The exact ACK version ("1.35.7-aliyun.1"). */
  version: string;
  /** When ACK released the minor (YYYY-MM-DD; the table gives a month: its first day). */
  releaseDate: string;
  /** ACK's end of support for the minor (YYYY-MM-DD). */
  endOfSupport: string;
  /** `image_type` values new node pools may use with this version. */
  imageTypes: readonly string[];
  runtimes: readonly Runtime[];
  source: Source;
}

export interface CatalogueImage {
  id: string;
  family: string;
  osName: string;
  /** The ACK `image_type` this public image serves, if ACK uses it for node pools. */
  ackImageType?: string | undefined;
  architecture?: 'x86_64' | 'arm64' | undefined;
  platform: string;
  osType?: 'linux' | 'windows' | undefined;
  sizeGiB?: number | undefined;
  creationTime: string;
  source: Source;
}

export interface CatalogueImageType {
  /** ACK `image_type`. */
  imageType: string;
  /** What the console calls it. */
  title: string;
  /** Image family of the public ECS image behind it, when there is one. */
  family?: string | undefined;
  source: Source;
}

export interface Catalogue {
  /** "2026-11": the month of the offer. */
  name: string;
  /** The day the offer is read as of (YYYY-MM-DD): "today" for the catalogue's world. */
  date: string;
  description: string;
  versions: readonly CatalogueVersion[];
  imageTypes: readonly CatalogueImageType[];
  images: readonly CatalogueImage[];
  /** ECS instance types the catalogue's regions offer (zones are the world's topology). */
  instanceTypes: { ids: readonly string[]; source: Source };
  /** Facts about the offer as a whole (the AliyunLinux2 cut-off, sandboxed limits...). */
  notes: readonly { fact: string; source: Source }[];
}
