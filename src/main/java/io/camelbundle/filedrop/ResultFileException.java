package io.camelbundle.filedrop;

/**
 * A dropped file's result files could not all be written (a full disk): its report says which and the file
 * drop fails the file, so it is kept in the failed folder. Dropped again, it sends nothing twice (its sent
 * records' keys are stored) and writes its result files anew.
 */
public class ResultFileException extends RuntimeException {

    public ResultFileException(String file, String failure) {
        super(DropNames.printable(file) + ": " + failure);
    }
}
