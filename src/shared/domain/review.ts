/** A review decision on a volunteer entry. */
export type ReviewDecision = 'approve' | 'reject' | 'return';

/**
 * A reason the member can read is required to reject, to return, and to approve fewer hours than
 * claimed; a full approval may go without one. The review sheet labels the comment 必填 by this
 * rule and the server refuses by it.
 */
export function reviewCommentRequired(decision: ReviewDecision, claimedHours: number, approvedHours?: number | null): boolean {
  if (decision !== 'approve') return true;
  return approvedHours !== undefined && approvedHours !== null && approvedHours < claimedHours;
}
