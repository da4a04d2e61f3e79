// CDK entry point (cdk.json runs it with tsx): `npx cdk synth -c stage=dev|prod`.
import { buildFundLedgerApp } from './stacks/fund-ledger-app';

const { app } = buildFundLedgerApp();
app.synth();
