import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { TransferBundles } from './transfer-bundles.js';
import { TransfersController } from './transfers.controller.js';
import { TrustedIssuersStore } from './trusted-issuers.store.js';

/** Contract "Transfers": bundles, provenance, pinned partner keys; the transfer and import commands live with the other commands. */
@Module({
  imports: [AuditModule],
  controllers: [TransfersController],
  providers: [TransferBundles, TrustedIssuersStore],
  exports: [TrustedIssuersStore],
})
export class TransfersModule {}
