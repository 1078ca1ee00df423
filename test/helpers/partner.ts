/** A partner profile for tests, pointing at a given SFTP endpoint. Synthetic ids only. */
import { GatewayPartnerProfile, type GatewayPartnerProfileInput } from '../../src/gateway/partners.js';

export function testPartner(sftp: { host: string; port: number; username: string; keyFile?: string; passwordEnv?: string; fingerprint: string }, over: Partial<GatewayPartnerProfileInput> = {}) {
  return GatewayPartnerProfile.parse({
    id: 'demo',
    name: 'Simulated clearinghouse',
    isa: { senderQualifier: 'ZZ', senderId: 'PRACTICE01', receiverQualifier: 'ZZ', receiverId: 'SIMCH', usage: 'T', ackRequested: false },
    gs: { senderCode: 'PRACTICE01', receiverCode: 'SIMCH' },
    submitter: { name: 'SYNTHETIC BILLING SERVICE', id: 'PRACTICE01', contact: { name: 'BILLING DESK', phone: '8005550199' } },
    receiver: { name: 'SIMULATED CLEARINGHOUSE', id: 'SIMCH' },
    limits: { maxClaimsPerTransaction: 100, maxClaimsPerFile: 250 },
    sftp: {
      host: sftp.host,
      port: sftp.port,
      username: sftp.username,
      privateKey: sftp.keyFile ? { file: sftp.keyFile } : undefined,
      password: sftp.passwordEnv ? { env: sftp.passwordEnv } : undefined,
      hostKeyFingerprints: [sftp.fingerprint],
      readyTimeoutMs: 5000,
      operationTimeoutMs: 20_000,
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      // Retired responses are kept on the remote side so tests can compare what was sent with what was posted.
      afterDownload: 'move',
    },
    pollIntervalMs: 200,
    ...over,
  });
}
