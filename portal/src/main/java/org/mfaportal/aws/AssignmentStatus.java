package org.mfaportal.aws;

/** The {@code AssignmentStatus} filter of {@code ListVirtualMFADevices}. */
public enum AssignmentStatus {
    ASSIGNED, UNASSIGNED, ANY
}
