/** The Dapr job that releases expired reservations; the scheduler calls `POST /job/reservation-sweep`. */
export const RESERVATION_SWEEP_JOB = 'reservation-sweep';
