import type { StringsFile } from '../strings.ts';

export default {
  reviewed: false,
} satisfies StringsFile;
