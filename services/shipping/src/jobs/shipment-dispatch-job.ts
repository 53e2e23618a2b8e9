/** The Dapr job that hands due shipments to the carrier; the scheduler calls `POST /job/shipment-dispatch`. */
export const SHIPMENT_DISPATCH_JOB = 'shipment-dispatch';
