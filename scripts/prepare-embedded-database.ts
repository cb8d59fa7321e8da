import { ensurePGliteTemplate } from '#libs/database';

/** Run by `npm install` (prepare): makes the empty embedded database a first start copies. */
const template = await ensurePGliteTemplate();
process.stdout.write(`cellpath: empty embedded database ready at ${template}\n`);
