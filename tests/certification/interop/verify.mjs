// Verifies one credential offline with Digital Bazaar's verifier stack (code we did not write).
//
// stdin: {"cases": [{"name": "...", "credential": {...}, "documents": {"<url>": <JSON document>, ...}}, ...]}
//   documents holds everything the verifier may load for that case: JSON-LD contexts, the DID
//   document (under the DID itself) and status list credentials. Any other URL fails: no network.
// stdout: one line per case, {"name": "...", "valid": bool, "verified": bool, "revoked": bool|null, "errors": []}
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function staticLoader(documents) {
  return async url => {
    const [base, fragment] = url.split('#');
    if(fragment !== undefined && base.startsWith('did:') && documents[base]) {
      // A verification method of a DID document: the method itself, in the Multikey context.
      const didDocument = documents[base];
      const method = (didDocument.verificationMethod || []).find(m => m.id === url);
      if(!method) {
        throw new Error(`Verification method not found: ${url}`);
      }
      return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...method}};
    }
    if(Object.prototype.hasOwnProperty.call(documents, url)) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    throw new Error(`Offline: no document for ${url}`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(e => [
    String((e && (e.message || e.name)) || e),
    ...(e && e.errors ? messages(e.errors) : []),
    ...(e && e.cause ? messages(e.cause) : [])
  ]);
}

async function verifyCase({name, credential, documents}) {
  const documentLoader = staticLoader(documents);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  } catch(error) {
    result = {verified: false, error};
  }
  const errors = [
    ...messages(result.error),
    ...(result.results || []).flatMap(r => messages(r.error)),
    ...(result.statusResult ? messages(result.statusResult.error) : [])
  ];
  const status = result.statusResult;
  const revoked = status && status.verified && Array.isArray(status.results) ?
    status.results.some(r => r.status === true) : null;
  // @digitalbazaar/vc says "verified" when the proof and the status check succeed; whether the
  // status bit is set is reported apart. A credential is valid when verified and not revoked.
  const verified = Boolean(result.verified);
  return {name, valid: verified && revoked !== true, verified, revoked, errors};
}

const input = await readStdin();
for(const item of input.cases || []) {
  process.stdout.write(JSON.stringify(await verifyCase(item)) + '\n');
}
