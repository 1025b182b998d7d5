def job_queue_summary():
    return {}
