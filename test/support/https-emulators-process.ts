/**
 * Runs the local Cosmos DB and Key Vault over the data folder given as argument, in a process of its own, so a
 * test can kill it without warning. Prints one JSON line with the endpoints once both listen.
 */
import { startCosmos } from '../../local/emulators/cosmos.js';
import { startKeyVault } from '../../local/emulators/key-vault.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: https-emulators-process <dataDir>');
const certificate = await ensureLocalCertificate(dataDir);
const [cosmos, keyVault] = await Promise.all([
  startCosmos({ dataDir, certificate }),
  startKeyVault({ dataDir, certificate }),
]);
process.stdout.write(`${JSON.stringify({ cosmos: cosmos.connection, vaultUrl: keyVault.vaultUrl })}\n`);
