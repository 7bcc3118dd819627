/** The profile format's identifiers, in a module light enough for any command to import. */

export const API_VERSION = 'ackl2/v1';
/** A complete profile: plan it, create it. */
export const KIND = 'ClusterProfile';
/** A partial profile other profiles extend: validated on its own, never planned or created. */
export const BASE_KIND = 'ClusterProfileBase';
/** Top-level keys starting with this are ignored (a place for YAML anchors, as in Compose files). */
export const EXTENSION_KEY_PREFIX = 'x-';
