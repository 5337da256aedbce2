// How times and durations read on the page.

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** A wall-clock time such as `14:03:27`, or a dash for none. */
export function clock(date: Date | null): string {
  return date ? CLOCK.format(date) : '—'
}

/**
 * How far off `target` is from `now`, in whole seconds: `in 3 s`, or `now`
 * once it is due; a dash for none.
 */
export function countdown(target: Date | null, now: number): string {
  if (!target) return '—'
  const seconds = Math.ceil((target.getTime() - now) / 1000)
  return seconds > 0 ? `in ${seconds} s` : 'now'
}

/** A duration in milliseconds, such as `12 ms`, or a dash for none. */
export function millis(value: number | null | undefined): string {
  return value == null ? '—' : `${Math.round(value)} ms`
}
