import type { ClientUploadRule } from 'cloudbase-local';
import rules from '../../config/client-uploads.json';

/**
 * What the local CloudBase's client upload endpoint takes from this app's pages (config/client-uploads.json,
 * also given to `npm run emulator`): roster files in a user's `imports` folder, photos everywhere else
 * (src/shared/domain/photo-path.ts names the folders). The functions check files again on save.
 */
export const CLIENT_UPLOADS = rules as ClientUploadRule[];
